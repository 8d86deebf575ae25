-- The hot path: a duty officer files a first report (authenticated, validated, drafted,
-- audited, clocks computed, pushed to the boards). TOKEN and PLACE come from the environment.
local token = os.getenv("TOKEN")
local place = os.getenv("PLACE")
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. token
local n = 0
request = function()
  n = n + 1
  local body = string.format('{"kindId":"road_transport_accident","placeUnitId":"%s","placeDetail":"许由路%d号","occurredAt":"2026-11-23T05:50:00Z","sourceChannel":"phone","event":"一起两车相撞的道路交通事故","dead":1,"injured":2,"measures":"交警、120已赶赴现场"}', place, n)
  return wrk.format(nil, "/api/v1/incidents", nil, body)
end
