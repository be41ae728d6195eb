-- wrk script of the HTTP benchmark: POSTs one JSON record per request and counts the answers by
-- status, so the outage run can tell 202 from 429 from errors. The path comes from the command
-- line URL; HttpRunner writes the body (the sample app's contract, padded to a size) into wrk.body.
-- With @HONOUR@ = true it honours Retry-After as real clients do: each 429 makes one connection
-- wait that long before its next request (wrk asks delay() before every request; a 429's pause
-- goes to the next request wrk sends, in practice the same connection's).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '@BODY@'

local threads = {}
local honour = @HONOUR@

function setup(thread)
   table.insert(threads, thread)
end

function init(args)
   counts = { s2xx = 0, s429 = 0, s5xx = 0, other = 0 }
   pauses = {}
end

function delay()
   local pause = table.remove(pauses)
   return pause or 0
end

function response(status, headers, body)
   if status >= 200 and status < 300 then
      counts.s2xx = counts.s2xx + 1
   elseif status == 429 then
      counts.s429 = counts.s429 + 1
      if honour then
         table.insert(pauses, (tonumber(headers["Retry-After"]) or 1) * 1000)
      end
   elseif status >= 500 then
      counts.s5xx = counts.s5xx + 1
   else
      counts.other = counts.other + 1
   end
end

function done(summary, latency, requests)
   local total = { s2xx = 0, s429 = 0, s5xx = 0, other = 0 }
   for _, thread in ipairs(threads) do
      local c = thread:get("counts")
      for k, v in pairs(c) do
         total[k] = total[k] + v
      end
   end
   io.write(string.format("STATUS 2xx=%d 429=%d 5xx=%d other=%d\n", total.s2xx, total.s429, total.s5xx, total.other))
   io.write(string.format("LATENCY_US p50=%d p90=%d p99=%d p999=%d max=%d\n", latency:percentile(50),
      latency:percentile(90), latency:percentile(99), latency:percentile(99.9), latency.max))
   io.write(string.format("ERRORS connect=%d read=%d write=%d status=%d timeout=%d\n", summary.errors.connect,
      summary.errors.read, summary.errors.write, summary.errors.status, summary.errors.timeout))
end
