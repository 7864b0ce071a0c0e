"""Settings of the web application (portals, security headers, sessions, authentication)."""
