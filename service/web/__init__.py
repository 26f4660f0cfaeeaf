"""The editor page: server-rendered with Jinja2, a little plain JavaScript, no build."""
