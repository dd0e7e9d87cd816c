throw new Error("custom failure");
