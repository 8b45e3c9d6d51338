flame-trim --replace 's/(a|aa)+$/Z/' regex-limit.folded
