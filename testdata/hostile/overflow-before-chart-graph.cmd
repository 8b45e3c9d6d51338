flame-graph --flamechart
