java -Xmx4g -jar examples/target/hopscotch.jar simulate --routing pastry --nodes 30000 --keys 1000 --lookups 2000 --join-batch 500 --bootstrap nearest --settle-ms 120000 --json
