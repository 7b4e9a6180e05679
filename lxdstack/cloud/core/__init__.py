"""What every emulated service shares: the app, auth, error envelopes, state, clock and server."""
