"""admin_gui."""
