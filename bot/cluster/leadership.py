"""Jobs that run once across the instances (the escalation job, the queue watch).

`await leads(job, ttl)` is True for one instance at a time: the first to ask holds the job's key
(`<BOT_REDIS_PREFIX>:job:<job>` = its instance id, SET NX PX ttl) and extends it each time it asks
again; when that instance dies, the key expires after `ttl` and the next instance to ask takes the
job over. A job keeps its state (the queue watch's last positions) in the instance that leads, so
nothing is told twice. Without BOT_REDIS_URL this process always leads. Redis unreachable: nobody
leads for that round (logged); the job runs again once Redis answers.
"""

from __future__ import annotations

import logging

from bot.cluster import aio_redis, config

logger = logging.getLogger(__name__)

_LEAD = """
if redis.call('get', KEYS[1]) == ARGV[1] then
  redis.call('pexpire', KEYS[1], ARGV[2])
  return 1
end
if redis.call('set', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return 1
end
return 0
"""


async def leads(job: str, ttl_seconds: float) -> bool:
    if not config.redis_url():
        return True
    try:
        held = await aio_redis.client().eval(
            _LEAD, 1, config.key("job", job), config.instance_id(), max(1000, int(ttl_seconds * 1000))
        )
        return bool(held)
    except Exception:
        logger.warning("job %s: Redis not reachable, not run this round", job, exc_info=True)
        return False
