flame-collapse --format=chrome-trace chrome.trace-array.json
