"""A site as a whole: finding its posts, their records, the index and its cache.
Also the schema, the checks, the filter language and the site layout (asset folders).
"""
