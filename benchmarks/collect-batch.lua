-- wrk script: POST /collect/batch with NDJSON bodies of BATCH_EVENTS real events (default 100), cycling through
-- EVENTS_FILE. wrk reports any non-2xx answer as "Non-2xx or 3xx responses"; the benchmark script fails on it.
local bodies = {}
local next_index = 1

function init(args)
  local path = os.getenv("EVENTS_FILE")
  local per_body = tonumber(os.getenv("BATCH_EVENTS") or "100")
  local file = assert(io.open(path, "r"), "cannot open EVENTS_FILE " .. tostring(path))
  local chunk, n = {}, 0
  for line in file:lines() do
    if #line > 0 then
      chunk[#chunk + 1] = line
      n = n + 1
      if n == per_body then
        bodies[#bodies + 1] = table.concat(chunk, "\n")
        chunk, n = {}, 0
      end
    end
  end
  file:close()
  next_index = math.random(#bodies)
end

function request()
  local body = bodies[next_index]
  next_index = next_index % #bodies + 1
  return wrk.format("POST", nil, { ["Content-Type"] = "application/x-ndjson" }, body)
end
