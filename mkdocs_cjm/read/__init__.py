"""Reading `maps/`: files, their front matter and YAML lines, data files, git history."""
