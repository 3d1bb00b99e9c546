"""What the cloud service (app/cloud) and the classroom host's sync (app/sync) both need.

The two programs never import each other; what they share lives here: the plans and their
features, the offline entitlement token's format and check, secret files, and timestamps.
"""
