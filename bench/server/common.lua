-- Shared by the wrk scripts of bench/server/run.sh: the seeded graph's twin ids, and a machine-readable summary line.
-- The graph (TwinLab.ServerBench seed): per building 10 floors, 100 air handling units and 889 rooms.
local M = {}

M.api = "?api-version=2023-10-31"

-- Every twin id of a graph of `buildings` buildings (10,000 twins for 10).
function M.all_ids(buildings)
  local ids = {}
  for i = 0, buildings - 1 do ids[#ids + 1] = "b-" .. i end
  for i = 0, buildings * 10 - 1 do ids[#ids + 1] = "f-" .. i end
  for i = 0, buildings * 100 - 1 do ids[#ids + 1] = "ahu-" .. i end
  for i = 0, buildings * 889 - 1 do ids[#ids + 1] = "room-" .. i end
  return ids
end

function M.rooms(buildings) return buildings * 889 end

-- Each wrk thread has its own Lua state: seed its generator differently.
local seeded = 0
function M.seed()
  seeded = seeded + 1
  math.randomseed(os.time() * 1000 + seeded + math.floor(os.clock() * 1e6))
end

-- One line run.sh parses: name, requests, seconds, req/s, p50/p90/p99/max in ms, non-2xx, socket errors.
function M.done(name, summary, latency)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format("RESULT %s requests=%d seconds=%.2f rps=%.0f p50=%.3f p90=%.3f p99=%.3f max=%.3f non2xx=%d errors=%d\n",
    name, summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.status, e.connect + e.read + e.write + e.timeout))
end

return M
