-- wrk script of bench-servers.sh. The request comes from the environment (BENCH_METHOD,
-- BENCH_BODY, BENCH_CTYPE, BENCH_AUTH) and each thread stops after BENCH_CAP answers, so a run is
-- bounded in count as well as in time.
wrk.method = os.getenv("BENCH_METHOD") or "GET"

local body = os.getenv("BENCH_BODY") or ""
if body ~= "" then
  wrk.body = body
end
local ctype = os.getenv("BENCH_CTYPE") or ""
if ctype ~= "" then
  wrk.headers["Content-Type"] = ctype
end
local auth = os.getenv("BENCH_AUTH") or ""
if auth ~= "" then
  wrk.headers["Authorization"] = auth
end

local cap = tonumber(os.getenv("BENCH_CAP") or "0")
local answered = 0

function response(status, headers, body)
  answered = answered + 1
  if cap > 0 and answered >= cap then
    wrk.thread:stop()
  end
end
