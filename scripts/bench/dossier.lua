-- wrk script: open dossiers (/cadres/{id}, each open is a ledger write) of the cadre IDs listed,
-- one per line, in the file named by the IDS environment variable; every connection walks the
-- list from its own offset, so 32 connections open different dossiers at once.
local ids = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("offset", counter * 997)
end

function init(args)
  for line in io.lines(os.getenv("IDS")) do
    ids[#ids + 1] = line
  end
  n = offset or 0
end

function request()
  n = n + 1
  local id = ids[(n % #ids) + 1]
  return wrk.format("GET", (os.getenv("PREFIX") or "/cadres/") .. id)
end
