"""The embedded cloud's control API (`/_lxdstack/...`): what no real cloud has, for the project's own tests."""
