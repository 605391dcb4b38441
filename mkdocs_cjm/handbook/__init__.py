"""The maps together: references resolved, indexes, data series, freshness, evidence."""
