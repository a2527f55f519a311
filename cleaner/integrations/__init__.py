"""Optional integrations with other tools, each installed with its own extra (`cleaner[datatrove]`)."""
