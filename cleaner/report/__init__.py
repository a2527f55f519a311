"""What a run reports: its counters, the findings and diffs people read, and the JSON, HTML and Markdown reports."""
