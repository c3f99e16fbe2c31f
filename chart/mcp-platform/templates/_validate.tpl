{{/*
Values that would install something unsafe, or something the gateway refuses at startup, fail the render
with every problem and how to fix it. The gateway checks the same things again when it starts
(AuthSettings, ConfigRepoSafety): these messages only move the refusal to install time.
*/}}
{{- define "mcp-platform.validate" -}}
{{- $problems := list }}
{{- $g := .Values.gateway }}
{{- $refs := include "mcp-platform.gateway.secretRefs" . | fromYaml }}

{{- if not .Values.image.registry }}
{{- $problems = append $problems "set image.registry to where the gateway and cnpg-backend images are: the registry you pushed them to (e.g. registry.example.com/mcp, docs/operations.md), or the name you loaded them under into a local cluster (docs/kubernetes.md); the project publishes no images" }}
{{- end }}

{{- $loopback := false }}
{{- if not $g.publicUrl }}
{{- $problems = append $problems "set gateway.publicUrl to the https URL clients use, e.g. https://mcp.example.com" }}
{{- else }}
{{- $url := urlParse $g.publicUrl }}
{{- /* The gateway allows http for a loopback address only: a port-forward on your own machine. */}}
{{- $loopback = has (lower (regexReplaceAll ":[0-9]+$" $url.host "")) (list "127.0.0.1" "localhost" "[::1]") }}
{{- if not (or (eq (lower $url.scheme) "https") (and (eq (lower $url.scheme) "http") $loopback)) }}
{{- $problems = append $problems (printf "gateway.publicUrl must be https (clients send their tokens to it), or http on a loopback address for a port-forward (http://127.0.0.1:8080); it is %s" $g.publicUrl) }}
{{- end }}
{{- if or (and $url.path (ne $url.path "/")) $url.query $url.fragment $url.userinfo }}
{{- $problems = append $problems (printf "gateway.publicUrl must be an origin (https://host[:port]) without path, query or user info, it is %s" $g.publicUrl) }}
{{- end }}
{{- end }}

{{- if ne $g.auth.mode "oauth" }}
{{- $problems = append $problems (printf "gateway.auth.mode=%s lets anyone who reaches the gateway act as one local user; in a cluster set gateway.auth.mode=oauth and gateway.auth.upstream.* (docs/auth.md)" $g.auth.mode) }}
{{- end }}
{{- if not $g.auth.upstream.issuerUri }}
{{- $problems = append $problems "set gateway.auth.upstream.issuerUri to your identity provider's issuer (Auth0: https://TENANT.auth0.com/ with the trailing slash)" }}
{{- end }}
{{- if not $g.auth.upstream.clientId }}
{{- $problems = append $problems "set gateway.auth.upstream.clientId to the gateway's confidential client at the identity provider" }}
{{- end }}
{{- if not $refs.clientSecret }}
{{- $problems = append $problems "set gateway.auth.upstream.clientSecret.existingSecret (and .key), or .value, to the client's secret" }}
{{- end }}
{{- if and $g.auth.oidcTest.enabled (not (or $g.auth.oidcTest.audience $g.auth.upstream.audience)) }}
{{- $problems = append $problems "gateway.auth.oidcTest.enabled needs the audience the identity provider's tokens carry: set gateway.auth.oidcTest.audience or gateway.auth.upstream.audience" }}
{{- end }}

{{- if eq $g.store "memory" }}
{{- if or (gt (int $g.replicas) 1) $g.autoscaling.enabled }}
{{- $problems = append $problems "gateway.store=memory keeps sessions and sign-ins in one process: set gateway.replicas=1 and gateway.autoscaling.enabled=false, or use gateway.store=redis" }}
{{- end }}
{{- else }}
{{- if not $refs.signingKey }}
{{- $problems = append $problems "with gateway.store=redis every replica must sign with the same key: set gateway.signingKey.existingSecret (or .value) to a private EC P-256 JWK or JWK Set (docs/auth.md shows how to make one)" }}
{{- end }}
{{- if not $refs.tokenEncryptionKey }}
{{- $problems = append $problems "with gateway.store=redis upstream tokens are encrypted with a shared key: set gateway.auth.tokenEncryptionKey.existingSecret (or .value) to the output of 'openssl rand -base64 32'" }}
{{- end }}
{{- if eq .Values.redis.mode "external" }}
{{- $e := .Values.redis.external }}
{{- $url := urlParse (default "" $e.url) }}
{{- $kinds := 0 }}
{{- range (list $e.url $e.sentinel.master $e.cluster.nodes) }}{{ if . }}{{ $kinds = add1 $kinds }}{{ end }}{{ end }}
{{- if gt $kinds 1 }}
{{- $problems = append $problems "set only one of redis.external.url (one server), redis.external.sentinel.master (a Sentinel group) and redis.external.cluster.nodes (a Redis Cluster)" }}
{{- else if $e.sentinel.master }}
{{- if not $e.sentinel.nodes }}
{{- $problems = append $problems "with redis.external.sentinel.master set redis.external.sentinel.nodes to the sentinels' host:port" }}
{{- end }}
{{- else if $e.cluster.nodes }}
{{- else if not (has $url.scheme (list "redis" "rediss")) }}
{{- $problems = append $problems "set redis.external.url to redis://host:port or rediss://host:port (TLS)" }}
{{- else if $url.userinfo }}
{{- $problems = append $problems "redis.external.url carries credentials: put the password in a Secret (redis.external.password.existingSecret) and the user in redis.external.username" }}
{{- end }}
{{- end }}
{{- end }}

{{- $repo := $g.configRepo }}
{{- if regexMatch "^[a-z]+://[^/@]*:[^/@]*@" $repo.uri }}
{{- $problems = append $problems "gateway.configRepo.uri carries a password: put the token in gateway.configRepo.https.password (a Secret) and the user in gateway.configRepo.https.username" }}
{{- end }}
{{- if and (hasPrefix "http://" $repo.uri) $refs.configRepoPassword }}
{{- $problems = append $problems "gateway.configRepo.https.password would travel unencrypted: use an https:// URL" }}
{{- end }}
{{- if ne (not $repo.https.username) (not $refs.configRepoPassword) }}
{{- $problems = append $problems "gateway.configRepo.https.username and .password go together: set both or neither" }}
{{- end }}
{{- if or (hasPrefix "ssh://" $repo.uri) (hasPrefix "git@" $repo.uri) }}
{{- if not (and $refs.sshKey $refs.knownHosts) }}
{{- $problems = append $problems "an SSH config repo needs gateway.configRepo.ssh.existingSecret (with the private key and known_hosts) or .privateKey and .knownHosts: the server's identity is always checked" }}
{{- end }}
{{- end }}
{{- if or (contains ".." $repo.path) (hasPrefix "/" $repo.path) }}
{{- $problems = append $problems (printf "gateway.configRepo.path must be a relative path inside the repository, it is %s" $repo.path) }}
{{- end }}
{{- with $repo.webhookSecret.value }}
{{- if lt (len .) 16 }}
{{- $problems = append $problems "gateway.configRepo.webhookSecret.value is too short to resist guessing: use at least 16 random characters (openssl rand -hex 32)" }}
{{- end }}
{{- end }}

{{- $owned := list "auth" "public-url" "store" "identity" "config-repo" }}
{{- range $key, $value := $g.extraConfig }}
{{- $nested := and (eq $key "gateway") (kindIs "map" $value) }}
{{- if or (has $key (list "server")) (and (eq $key "spring") (kindIs "map" $value) (hasKey $value "data")) (regexMatch "^(server|spring\\.data\\.redis|gateway\\.(auth|public-url|store|identity|config-repo))" $key) }}
{{- $problems = append $problems (printf "gateway.extraConfig.%s is set by the chart: use the chart's values for it (values.yaml)" $key) }}
{{- end }}
{{- if $nested }}
{{- range $inner, $_ := $value }}
{{- if has $inner $owned }}
{{- $problems = append $problems (printf "gateway.extraConfig.gateway.%s is set by the chart: use the chart's values for it (values.yaml)" $inner) }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}
{{- range $key, $value := .Values.cnpgBackend.extraConfig }}
{{- if or (has $key (list "server")) (and (eq $key "cnpg") (kindIs "map" $value) (hasKey $value "auth")) (regexMatch "^(server|cnpg\\.auth)" $key) }}
{{- $problems = append $problems (printf "cnpgBackend.extraConfig.%s is set by the chart (the backend accepts only the gateway's tokens)" $key) }}
{{- end }}
{{- end }}

{{- if and $g.tracing.enabled (not $g.tracing.endpoint) }}
{{- $problems = append $problems "gateway.tracing.endpoint must name the collector's OTLP/HTTP traces URL (e.g. http://otel-collector.monitoring:4318/v1/traces) when gateway.tracing.enabled is true" }}
{{- end }}

{{- if and .Values.cnpgBackend.enabled (gt (int .Values.cnpgBackend.replicas) 1) }}
{{- $problems = append $problems "cnpgBackend.replicas must be 1: its MCP sessions live in its memory, and the gateway's backend session would reach a replica that does not know it" }}
{{- end }}

{{- $k := .Values.kubernetesMcpServer }}
{{- if and $k.enabled (not $k.image) }}
{{- $problems = append $problems "kubernetesMcpServer.image must name the kubernetes-mcp-server image to run, pinned by tag or digest (the upstream project publishes quay.io/containers/kubernetes_mcp_server; docs/kubernetes.md): this chart builds none" }}
{{- end }}
{{- if and $k.enabled .Values.cnpgBackend.enabled (eq $k.name .Values.cnpgBackend.name) }}
{{- $problems = append $problems (printf "kubernetesMcpServer.name and cnpgBackend.name are both %s: each backend needs its own name in the config repo" $k.name) }}
{{- end }}

{{- range $name, $c := dict "gateway" $g "cnpgBackend" .Values.cnpgBackend }}
{{- if le (int $c.terminationGracePeriodSeconds) (add $c.preStopSleepSeconds $c.shutdownTimeoutSeconds | int) }}
{{- $problems = append $problems (printf "%s.terminationGracePeriodSeconds (%d) must exceed preStopSleepSeconds + shutdownTimeoutSeconds (%d), or Kubernetes kills requests still in flight" $name (int $c.terminationGracePeriodSeconds) (add $c.preStopSleepSeconds $c.shutdownTimeoutSeconds | int)) }}
{{- end }}
{{- end }}

{{- $kc := .Values.keycloak }}
{{- if $kc.enabled }}
{{- if not $loopback }}
{{- $problems = append $problems "keycloak.enabled is a development identity provider for a cluster on your own machine (its realm, passwords and sign-ins live in one pod): it needs gateway.publicUrl on loopback (http://127.0.0.1:8080, through kubectl port-forward). Anywhere else use a real identity provider (./setup-idp, docs/auth.md)" }}
{{- end }}
{{- if or (gt (int $g.replicas) 1) $g.autoscaling.enabled }}
{{- $problems = append $problems "keycloak.enabled runs Keycloak in the gateway's pod: set gateway.replicas=1 and gateway.autoscaling.enabled=false (each replica would have a Keycloak of its own)" }}
{{- end }}
{{- if not $g.auth.upstream.clientSecret.value }}
{{- $problems = append $problems "keycloak.enabled imports the gateway's client with gateway.auth.upstream.clientSecret.value: set it (values-local.yaml does)" }}
{{- end }}
{{- if not (and $kc.admin.password $kc.user.password) }}
{{- $problems = append $problems "keycloak.enabled needs keycloak.admin.password and keycloak.user.password (values-local.yaml shows how to set them)" }}
{{- end }}
{{- $issuer := printf "http://localhost:%d/realms/%s" (int $kc.port) $kc.realm }}
{{- if ne $g.auth.upstream.issuerUri $issuer }}
{{- $problems = append $problems (printf "with keycloak.enabled the gateway's issuer is the bundled Keycloak's: set gateway.auth.upstream.issuerUri=%s" $issuer) }}
{{- end }}
{{- end }}

{{- if $problems }}
{{- fail (printf "\n\nThese values are unsafe or incomplete:\n - %s\n" (join "\n - " $problems)) }}
{{- end }}
{{- end }}
