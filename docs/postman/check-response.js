// Runs after every request of this collection: did Daji accept it?
// Daji answers a bad signature or invalid parameters with HTTP 400 and a Spring-style error body, and
// everything it accepts with HTTP 200 and its envelope { code, message, data, timestamp, traceId }.
pm.test('Daji accepts the request (HTTP 200)', () => {
  pm.expect(pm.response.code, pm.response.text().slice(0, 300)).to.equal(200);
});
pm.test('the answer is a Daji envelope with a numeric code', () => {
  const body = pm.response.json();
  pm.expect(body).to.be.an('object');
  pm.expect(body.code).to.be.a('number');
});
