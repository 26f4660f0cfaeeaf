"""Daily briefs: cluster articles into stories, rank them, compose and render a brief."""
