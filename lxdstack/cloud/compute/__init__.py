"""Nova (compute v2.1, microversions 2.1-2.38) as Newton answered it, with nova-lxd's behaviour on the hosts.

Layout as the other services: `routes.py` the route table, `*_handlers.py` the controllers, `views.py` and
`server_views.py` the JSON shapes, models without HTTP (`flavors`, `keypairs`, `hosts`, `servers`, `backend`),
and the build logic in `scheduler.py` (Nova's scheduler, conductor and compute manager) and `novalxd.py` (the
driver's own decisions).
"""
