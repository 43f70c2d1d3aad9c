// Where the demo page finds the services when run with docker compose.
window.BB_CONFIG = {
  identityUrl: "http://localhost:8081",
  ingestUrl: "ws://localhost:8082/ws/ingest",
  riskUrl: "http://localhost:8084"
};
