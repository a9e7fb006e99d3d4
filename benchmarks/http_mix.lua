-- wrk's request mix for the order service (scripts/http_bench.py):
--   50% GET /orders/{id} (ids 1..1000, preloaded), 25% POST /orders (valid),
--   5% POST /orders with a bad body (400), 20% GET /health.
-- Every request has a traceparent (from a pool made once per thread), tenant
-- "bench", and one in three an Authorization header. done() prints one JSON
-- line: wrk's counts and latency percentiles (microseconds).
local hex = "0123456789abcdef"
local function random_hex(n)
  local t = {}
  for i = 1, n do
    local k = math.random(1, 16)
    t[i] = hex:sub(k, k)
  end
  return table.concat(t)
end

local pool = {}
local next_request = 0

function init(args)
  math.randomseed(os.time() + math.random(1, 1000000))
  for i = 1, 1024 do
    pool[i] = "00-" .. random_hex(32) .. "-" .. random_hex(16) .. "-01"
  end
end

function request()
  next_request = next_request + 1
  local headers = { ["X-Tenant"] = "bench", ["traceparent"] = pool[next_request % 1024 + 1] }
  if next_request % 3 == 0 then headers["Authorization"] = "Bearer sk-bench-" .. (next_request % 16) end
  local r = math.random(100)
  if r <= 50 then
    return wrk.format("GET", "/orders/" .. math.random(1, 1000), headers)
  end
  if r <= 75 then
    headers["Content-Type"] = "application/json"
    return wrk.format("POST", "/orders", headers,
      '{"sku":"SKU-' .. math.random(1, 500) .. '","quantity":' .. math.random(1, 20) .. '}')
  end
  if r <= 80 then
    headers["Content-Type"] = "application/json"
    return wrk.format("POST", "/orders", headers, '{"sku":"","quantity":0}')
  end
  return wrk.format("GET", "/health", headers)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"duration_us":%d,"bytes":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"p999_us":%d,"max_us":%d,' ..
    '"connect_errors":%d,"read_errors":%d,"write_errors":%d,"timeouts":%d,"non_2xx":%d}\n',
    summary.requests, summary.duration, summary.bytes, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency:percentile(99.9), latency.max, e.connect, e.read, e.write, e.timeout, e.status))
end
