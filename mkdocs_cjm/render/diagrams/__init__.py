"""The Mermaid journey diagrams of the pages."""
