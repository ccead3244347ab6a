#!/bin/sh
# `npm start`: load the bundled example networks and trace a few packets through them.
# Each trace exits 0 when the destination is reachable and 1 when it is not; the tour goes on.
set -u
vpctwin() { node "$(dirname "$0")/../bin/vpctwin.js" "$@"; }
say() { printf '\n\033[1m$ vpctwin %s\033[0m\n' "$*"; vpctwin "$@"; }

echo "A managed service's connector ENIs reach an Aurora writer through a security-group reference:"
say trace examples/private-connector.yaml --from connector-a --to aurora-writer --port 3306
echo
echo "The writer's security group admits MySQL only, so PostgreSQL's port is refused:"
say trace examples/private-connector.yaml --from connector-a --to aurora-writer --port 5432
echo
echo "The route table sends 0.0.0.0/0 to the internet gateway, but the connector has no public IPv4:"
say trace examples/private-connector.yaml --from connector-a --to 93.184.216.34 --port 443
echo
echo "Database replication from us-east-1 to us-west-2 over inter-Region VPC peering:"
say trace examples/cross-region-peering.yaml --from db2-primary --to db2-standby --port 50010
