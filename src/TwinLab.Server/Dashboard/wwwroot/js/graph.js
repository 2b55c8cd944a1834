// Interactive twin graph on a canvas — being built (see the contract in docs/dashboard.md).
export {};
