"""The classroom host: join codes, the class roster, rounds, and the tick loop."""
