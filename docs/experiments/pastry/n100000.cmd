java -Xmx10g -jar examples/target/hopscotch.jar simulate --routing pastry --nodes 100000 --keys 1000 --lookups 2000 --join-batch 1000 --bootstrap nearest --settle-ms 120000 --json
