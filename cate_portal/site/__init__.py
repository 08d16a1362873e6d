"""The top of the project: what stands on every app. The public site's pages and the demo data
that builds every app's records. Nothing in the ground of cate_portal imports it."""
