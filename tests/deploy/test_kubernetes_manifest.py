"""The Kubernetes manifest hangs together: what the Ingress routes to exists and keeps browsers on one pod.

No cluster runs here, so the checks are the ones a typo would break: Deployment, Service and Ingress
present; selectors match the pod labels; the Service targets the container's port and the Ingress the
Service's; cookie affinity and long websocket timeouts on the Ingress; probes on ``/health``; a
non-root user matching the image; the Ingress host among the allowed websocket origins; and the
serve command accepted by ``playground serve``.
"""
import yaml

from playground.cli import build_parser

from .deploy_support import REPO


def manifest():
    docs = [d for d in yaml.safe_load_all((REPO / "deploy" / "kubernetes.yaml").read_text()) if d]
    return {d["kind"]: d for d in docs}


def test_deployment_service_and_ingress_route_to_each_other():
    kinds = manifest()
    assert set(kinds) == {"Deployment", "Service", "Ingress"}
    deployment, service, ingress = kinds["Deployment"], kinds["Service"], kinds["Ingress"]
    pod = deployment["spec"]["template"]
    labels = pod["metadata"]["labels"]
    assert deployment["spec"]["selector"]["matchLabels"].items() <= labels.items()
    assert service["spec"]["selector"].items() <= labels.items()

    (container,) = pod["spec"]["containers"]
    ports = {p["name"]: p["containerPort"] for p in container["ports"]}
    (service_port,) = service["spec"]["ports"]
    assert service_port["targetPort"] in ports and ports[service_port["targetPort"]] == 5006

    backends = [path["backend"]["service"] for rule in ingress["spec"]["rules"] for path in rule["http"]["paths"]]
    assert backends and all(b["name"] == service["metadata"]["name"] for b in backends)
    assert all(b["port"].get("name") == service_port["name"] or b["port"].get("number") == service_port["port"]
               for b in backends)


def test_ingress_keeps_a_browser_on_one_pod_and_its_websocket_open():
    notes = manifest()["Ingress"]["metadata"]["annotations"]
    assert notes["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    assert int(notes["nginx.ingress.kubernetes.io/proxy-read-timeout"]) >= 600


def test_pods_run_the_image_unprivileged_and_are_probed_on_health():
    pod = manifest()["Deployment"]["spec"]["template"]["spec"]
    (container,) = pod["containers"]
    assert pod["securityContext"]["runAsNonRoot"] is True
    uid = int(pod["securityContext"]["runAsUser"])
    dockerfile_user = next(line.split()[1] for line in (REPO / "Dockerfile").read_text().splitlines()
                           if line.startswith("USER "))
    assert uid == int(dockerfile_user.split(":")[0]) != 0
    for probe in ("readinessProbe", "livenessProbe"):
        assert container[probe]["httpGet"]["path"] == "/health"

    command = container["args"]
    assert command[:2] == ["playground", "serve"]
    args = build_parser().parse_args(command[1:])
    assert args.address == "0.0.0.0" and args.port == 5006 and args.behind_proxy
    env = {e["name"]: e["value"] for e in container["env"]}
    assert int(env["PLAYGROUND_MAX_SESSIONS"]) > 0
    origins = {o.strip().split(":")[0] for o in env["PLAYGROUND_ALLOWED_ORIGINS"].split(",")}
    hosts = {rule["host"] for rule in manifest()["Ingress"]["spec"]["rules"]}
    assert hosts <= origins, "browsers reaching the Ingress host would have their websocket refused"
