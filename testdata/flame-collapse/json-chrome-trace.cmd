flame-collapse chrome.trace.json
