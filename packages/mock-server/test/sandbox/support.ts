import { startMockServer } from '../../src/index.js';
import type { MockServerOptions } from '../../src/start-mock-server.js';
import { send, signed } from '../support/requests.js';

export const address = {
  fullName: '张三',
  mobile: '13800000000',
  postCode: '310000',
  provinceText: '浙江省',
  cityText: '杭州市',
  areaText: '西湖区',
  address: '文三路 100 号',
};

export async function startSandbox(options: MockServerOptions = {}) {
  const mock = await startMockServer({ port: 0, mode: 'sandbox', ...options });
  return {
    mock,
    async control(method: string, path: string, body?: unknown, appKey: string | null = 'demoKey123') {
      const query = appKey === null ? '' : `${path.includes('?') ? '&' : '?'}appKey=${appKey}`;
      const response = await fetch(`${mock.url}/__sandbox/${path}${query}`, {
        method,
        ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    },
    async daji(method: 'get' | 'post', path: string, params: Record<string, unknown>) {
      const response = await send(mock.url, method, path, signed(params));
      return { status: response.status, text: await response.text() };
    },
    async createOrder(offerId: string | number, specId: string, quantity: number) {
      const { text } = await this.daji('post', '/alibaba/trade/createCrossOrder', {
        flow: 'general',
        thirdOrderId: `test-${Date.now()}-${Math.random()}`,
        addressParam: address,
        cargoParamList: [{ offerId: Number(offerId), specId, quantity }],
      });
      return { text, orderId: /"orderId":(\d{19})/.exec(text)?.[1] };
    },
  };
}
