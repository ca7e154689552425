<?php
// The few WordPress functions the documented WordPress recipe (docs/api.md) calls, on top of
// ext/curl, so the recipe runs as written without a WordPress install. Loaded before the
// recipe by tests/e2e/test_docs_run.py (php -d auto_prepend_file=...). Semantics follow the
// WordPress reference: a transport failure is a WP_Error, an HTTP error status is not.

// What wp-config.php would define; the test passes its local stack through the environment.
define('PHOTOCEN_BASE', getenv('PHOTOCEN_BASE'));
define('PHOTOCEN_TOKEN', getenv('PHOTOCEN_TOKEN'));

class WP_Error
{
    public function __construct(public string $code = '', public string $message = '')
    {
    }

    public function get_error_message(): string
    {
        return $this->message;
    }
}

function is_wp_error($thing): bool
{
    return $thing instanceof WP_Error;
}

function wp_json_encode($data, int $options = 0)
{
    return json_encode($data, $options);
}

function wp_generate_uuid4(): string
{
    $bytes = random_bytes(16);
    $bytes[6] = chr(ord($bytes[6]) & 0x0f | 0x40);
    $bytes[8] = chr(ord($bytes[8]) & 0x3f | 0x80);
    return vsprintf('%s%s-%s-%s-%s-%s%s%s', str_split(bin2hex($bytes), 4));
}

function wp_remote_request(string $url, array $args = [])
{
    $headers = [];
    foreach ($args['headers'] ?? [] as $name => $value) {
        $headers[] = "$name: $value";
    }
    $ch = curl_init($url);
    curl_setopt_array($ch, [
        CURLOPT_CUSTOMREQUEST => $args['method'] ?? 'GET',
        CURLOPT_RETURNTRANSFER => true,
        CURLOPT_HTTPHEADER => $headers,
        CURLOPT_TIMEOUT => (int) ($args['timeout'] ?? 5),
    ]);
    if (isset($args['body'])) {
        curl_setopt($ch, CURLOPT_POSTFIELDS, $args['body']);
    }
    $body = curl_exec($ch);
    if ($body === false) {
        return new WP_Error('http_request_failed', curl_error($ch));
    }
    return [
        'body' => $body,
        'response' => ['code' => curl_getinfo($ch, CURLINFO_RESPONSE_CODE), 'message' => ''],
    ];
}

function wp_remote_post(string $url, array $args = [])
{
    return wp_remote_request($url, ['method' => 'POST'] + $args);
}

function wp_remote_get(string $url, array $args = [])
{
    return wp_remote_request($url, ['method' => 'GET'] + $args);
}

function wp_remote_retrieve_body($response): string
{
    return is_array($response) ? $response['body'] : '';
}

function wp_remote_retrieve_response_code($response)
{
    return is_array($response) ? $response['response']['code'] : '';
}
