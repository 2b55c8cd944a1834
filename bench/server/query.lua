-- POST /query with a filter on one property, the same request every time.  wrk ... -s query.lua URL -- NAME 'QUERY'
local c = dofile(os.getenv("BENCH_DIR") .. "/common.lua")
local req
local name = "query"

function init(args)
  name = args[1] or name
  local query = args[2] or "SELECT * FROM DIGITALTWINS T WHERE T.status = 'fault'"
  local body = '{"query": "' .. query:gsub('\\', '\\\\'):gsub('"', '\\"') .. '"}'
  req = wrk.format("POST", "/query" .. c.api, { ["Content-Type"] = "application/json" }, body)
end

function request() return req end

function done(summary, latency, requests) c.done(name, summary, latency) end
