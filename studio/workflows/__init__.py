"""IT-comms workflows on top of the store: incidents and maintenance as living threads (more to come)."""
