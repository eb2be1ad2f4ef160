-- wrk script: POST /collect with real GH Archive events, one per request, cycling through the file given in
-- EVENTS_FILE (plain NDJSON, prepared by benchmarks/collector.sh).
local events = {}
local next_index = 1

function init(args)
  local path = os.getenv("EVENTS_FILE")
  local file = assert(io.open(path, "r"), "cannot open EVENTS_FILE " .. tostring(path))
  for line in file:lines() do
    if #line > 0 then events[#events + 1] = line end
  end
  file:close()
  -- each wrk thread starts at a different offset so threads do not send the same events in lock-step
  next_index = (math.random(#events))
end

function request()
  local body = events[next_index]
  next_index = next_index % #events + 1
  return wrk.format("POST", nil, { ["Content-Type"] = "application/json" }, body)
end
