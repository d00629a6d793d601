-- wrk script for scripts/bench-server.sh: one endpoint family per run, picked by the first
-- argument (articles | directory | home | search); the second is the highest article id.
-- Prints one JSON line of figures at the end (read by bench/server/run.mjs).
local kind, max_article = "articles", 10000
local searches = { "大学", "学院", "招生", "职业 技术", "师范", "工程", "医学", "xue", "2024", "章程", "计划", "录取" }
local levels = { "", "&level=undergraduate", "&level=vocational", "&nature=private", "&sort=name", "&type=normal" }

function init(args)
  kind = args[1] or kind
  max_article = tonumber(args[2]) or max_article
  math.randomseed(os.time() + (tonumber(tostring({}):match("0x(%x+)"), 16) or 0) % 1000)
end

local function encode(s)
  return (s:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function request()
  local path
  if kind == "articles" then
    path = "/api/articles/" .. math.random(1, max_article)
  elseif kind == "directory" then
    path = "/api/schools?page=" .. math.random(1, 150) .. levels[math.random(#levels)]
  elseif kind == "home" then
    path = "/api/home"
  else
    path = "/api/search?q=" .. encode(searches[math.random(#searches)])
  end
  return wrk.format("GET", path)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"seconds":%.3f,"rps":%.1f,"p50_ms":%.3f,"p99_ms":%.3f,"max_ms":%.3f,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.connect, e.read, e.write, e.status, e.timeout))
end
