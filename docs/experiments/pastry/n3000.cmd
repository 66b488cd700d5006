java -Xmx2g -jar examples/target/hopscotch.jar simulate --routing pastry --nodes 3000 --keys 1000 --lookups 2000 --join-batch 100 --bootstrap nearest --settle-ms 120000 --json
