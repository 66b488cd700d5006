java -Xmx1g -jar examples/target/hopscotch.jar simulate --routing pastry --nodes 1000 --keys 1000 --lookups 5000 --join-batch 100 --bootstrap nearest --settle-ms 120000 --quiet-ms 1200000 --json
