-- PATCH /digitaltwins/{id}: JSON Patch replace of one property (a room's occupancy) on a random room.
--   wrk ... -s patch.lua URL -- BUILDINGS
local c = dofile(os.getenv("BENCH_DIR") .. "/common.lua")
local rooms
local headers = { ["Content-Type"] = "application/json-patch+json" }

function init(args)
  c.seed()
  rooms = c.rooms(tonumber(args[1] or "10"))
end

function request()
  local body = '[{"op": "replace", "path": "/occupancy", "value": ' .. math.random(0, 40) .. '}]'
  return wrk.format("PATCH", "/digitaltwins/room-" .. (math.random(rooms) - 1) .. c.api, headers, body)
end

function done(summary, latency, requests) c.done("patch", summary, latency) end
