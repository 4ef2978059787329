-- rotate.lua: a wrk script that cycles through public paths, sending every
-- other request for a path conditional (If-None-Match with the ETag given
-- for it), and counts the 304s it got back.
-- (n304 and conditional are globals so that done() can read them from
-- each thread.)
-- Usage: wrk ... -s rotate.lua URL -- PATH[|ETAG] ...
-- Without arguments it cycles /, /news and /about unconditionally.

local paths = {}
local etags = {}
local i = 0
n304 = 0
conditional = 0

function init(args)
	for _, a in ipairs(args) do
		local p, e = a:match("^([^|]+)|(.+)$")
		if p then
			paths[#paths + 1] = p
			etags[#paths] = e
		else
			paths[#paths + 1] = a
		end
	end
	if #paths == 0 then
		paths = { "/", "/news", "/about" }
	end
end

function request()
	i = i + 1
	local k = (i - 1) % #paths + 1
	local round = math.floor((i - 1) / #paths)
	if etags[k] and round % 2 == 1 then
		conditional = conditional + 1
		return wrk.format("GET", paths[k],
		    { ["If-None-Match"] = etags[k] })
	end
	return wrk.format("GET", paths[k])
end

function response(status, headers, body)
	if status == 304 then
		n304 = n304 + 1
	end
end

local threads = {}

function setup(thread)
	threads[#threads + 1] = thread
end

function done(summary, latency, requests)
	local c, m = 0, 0
	for _, t in ipairs(threads) do
		c = c + (t:get("conditional") or 0)
		m = m + (t:get("n304") or 0)
	end
	io.write(string.format("conditional requests: %d, 304 answers: %d\n",
	    c, m))
end
