// Plain HTTP calls to the test homeserver, for tests that craft requests a real client never would.

export interface ApiResponse<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

export async function api<T = Record<string, any>>(baseUrl: string, method: string, path: string, options: { token?: string; body?: unknown; rawBody?: string } = {}): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  const init: RequestInit = { method, headers };
  if (options.rawBody !== undefined) init.body = options.rawBody;
  else if (options.body !== undefined) init.body = JSON.stringify(options.body);
  const response = await fetch(`${baseUrl}${path}`, init);
  return { status: response.status, body: (await response.json()) as T, headers: response.headers };
}

export async function loginWithPassword(baseUrl: string, user: string, password: string, deviceId?: string): Promise<{ token: string; deviceId: string }> {
  const body: Record<string, unknown> = { type: "m.login.password", identifier: { type: "m.id.user", user }, password };
  if (deviceId) body.device_id = deviceId;
  const response = await api(baseUrl, "POST", "/_matrix/client/v3/login", { body });
  if (response.status !== 200) throw new Error(`login of ${user} failed: ${JSON.stringify(response.body)}`);
  return { token: response.body.access_token, deviceId: response.body.device_id };
}
