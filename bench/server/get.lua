-- GET /digitaltwins/{id} of a random twin of the seeded graph.  wrk ... -s get.lua URL -- BUILDINGS
local c = dofile(os.getenv("BENCH_DIR") .. "/common.lua")
local ids

function init(args)
  c.seed()
  ids = c.all_ids(tonumber(args[1] or "10"))
end

function request()
  return wrk.format("GET", "/digitaltwins/" .. ids[math.random(#ids)] .. c.api)
end

function done(summary, latency, requests) c.done("get", summary, latency) end
