java -Xmx3g -jar examples/target/hopscotch.jar simulate --routing pastry --nodes 10000 --keys 1000 --lookups 2000 --join-batch 200 --bootstrap nearest --settle-ms 120000 --json
