import {
  CreateTableCommand,
  DeleteTableCommand,
} from "@aws-sdk/client-dynamodb";
import { DynamoEventRegistry, registryTableInput } from "@axentra/aws-store";
import { describeEventRegistryContract } from "@axentra/core/testing";
import { uniqueName, useEmulators } from "./support/emulators.js";

const emulators = useEmulators();

describeEventRegistryContract(
  "DynamoEventRegistry on DynamoDB Local",
  async () => {
    const { dynamodb } = emulators();
    const tableName = uniqueName("registry");
    // DynamoDB Local creates tables ACTIVE at once.
    await dynamodb.send(new CreateTableCommand(registryTableInput(tableName)));

    return {
      registry: new DynamoEventRegistry({ client: dynamodb, tableName }),
      async teardown() {
        await dynamodb.send(new DeleteTableCommand({ TableName: tableName }));
      },
    };
  },
);
