-- The baseline: one row into the same database through the same server build.
wrk.method = "POST"
wrk.headers["Content-Type"] = "text/plain"
wrk.body = "bench"
