"""The console's screens and the widgets they are made of."""
