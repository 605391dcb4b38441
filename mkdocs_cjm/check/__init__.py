"""Whether one map is valid on its own, in a writer's words; the editors' schema."""
