"""A site as a whole: finding posts, records, the index and its cache, schema, checks, queries and the site layout."""
